/** People operations that other features' tests need too. */

/** A person as the other features' tests refer to them. */
export const REGISTER_PERSON = `mutation($input: RegisterPersonInput!) { registerPerson(input: $input) { id name } }`;

export const UPDATE_PERSON = `mutation($input: UpdatePersonInput!) { updatePerson(input: $input) { id status } }`;

export const PERSON_STATUS = `query($id: ID!) { person(id: $id) { status } }`;

/** The departure: the person leaves their organisation. */
export const LEAVE = `mutation($id: ID!) { updatePerson(input: { id: $id, status: LEFT }) { id status } }`;
