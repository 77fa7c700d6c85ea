// The ES module entry: the same locator as require('@paysign/mock') (index.cjs).
import locator from './index.cjs';

export const { executablePath } = locator;
