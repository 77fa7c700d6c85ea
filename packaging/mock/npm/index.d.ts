/**
 * The absolute path of this platform's `paysign` program (paysign.exe on
 * Windows), whose `paysign mock` is a local PayWay test double. Throws an
 * Error with code "mock_not_found" when this platform's package
 * (@paysign/mock-<os>-<cpu>) is not installed.
 */
export declare function executablePath(): string;
