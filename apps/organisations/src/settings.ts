import { organisationsSettings } from '@emergency/config';

/** Injection token of the organisations service's own settings (validated at boot with the common ones). */
export const ORGANISATIONS_SETTINGS = Symbol('ORGANISATIONS_SETTINGS');
export type OrganisationsSettings = ReturnType<typeof organisationsSettings.load>;

export const settingsProvider = {
  provide: ORGANISATIONS_SETTINGS,
  useFactory: (): OrganisationsSettings => organisationsSettings.load(process.env),
};
