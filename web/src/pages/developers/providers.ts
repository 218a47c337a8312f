/** The providers an operator can name: the error catalog's lookup and the sandbox's scenarios. */
export const PROVIDERS = ['sandbox', 'shouqianba', 'eftpay', 'bybit', 'paycools'] as const;
