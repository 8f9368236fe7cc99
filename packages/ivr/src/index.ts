// Public surface of @switchboard/ivr; each area adds its exports here.
export {};
