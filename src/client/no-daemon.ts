/** The error message (and marker) for "no daemon is running", for callers that asked not to start one. */
export const NO_DAEMON = 'no daemon is running';
