/** Organisation operations that other features' tests need too. */

/** An organisation as the other features' tests refer to it. */
export const REGISTER_ORGANISATION = `mutation($input: RegisterOrganisationInput!) {
  registerOrganisation(input: $input) { id name regionCode }
}`;

export const DISSOLVE_ORGANISATION = `mutation($input: DissolveOrganisationInput!) {
  dissolveOrganisation(input: $input) { id status }
}`;
