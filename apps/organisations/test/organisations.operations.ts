/** Organisation operations that other features' tests need too. */

export const DISSOLVE_ORGANISATION = `mutation($input: DissolveOrganisationInput!) {
  dissolveOrganisation(input: $input) { id status }
}`;
