/** The account and region every local event, context and ARN claims; AWS's documentation values. */
export const LOCAL_ACCOUNT_ID = '123456789012';
export const LOCAL_REGION = 'us-east-1';
