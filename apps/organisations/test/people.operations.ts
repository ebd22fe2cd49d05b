/** People operations that other features' tests need too. */

export const UPDATE_PERSON = `mutation($input: UpdatePersonInput!) { updatePerson(input: $input) { id status } }`;
export const PERSON_STATUS = `query($id: ID!) { person(id: $id) { status } }`;
/** The departure: the person leaves their organisation. */
export const LEAVE = `mutation($id: ID!) { updatePerson(input: { id: $id, status: LEFT }) { id status } }`;
