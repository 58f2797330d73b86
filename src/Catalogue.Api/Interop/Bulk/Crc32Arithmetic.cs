namespace Catalogue.Api.Interop.Bulk;

/// <summary>
/// CRC-32 (the gzip and zlib one, as <see cref="System.IO.Hashing.Crc32"/> computes it) of data joined or split without
/// reading it again: the CRC of A followed by B is the CRC of A carried over B's length, plus B's own CRC, in the
/// arithmetic of polynomials over GF(2) — zlib's <c>crc32_combine</c>, which .NET's hashing library does not offer. So the
/// CRC of the end of a stream follows from the CRC of the whole and the CRC of what came before that end.
/// </summary>
public static class Crc32Arithmetic
{
    // The CRC-32 polynomial, bits reversed as gzip computes it; x^0 is the top bit.
    private const uint Polynomial = 0xEDB88320;

    // x^(2^k) modulo the polynomial, for k = 0…31: carrying a CRC over n zero bits is multiplying it by x^n.
    private static readonly uint[] PowersOfTwo = Powers();

    /// <summary>The CRC-32 of A followed by B, from A's CRC, B's CRC and B's length in bytes.</summary>
    public static uint Combine(uint first, uint second, long secondLength) => Multiply(XToThe8nth(secondLength), first) ^ second;

    /// <summary>
    /// The CRC-32 of the last <paramref name="endLength"/> bytes of data whose CRC-32 is <paramref name="whole"/>, given
    /// the CRC-32 of the bytes before them.
    /// </summary>
    public static uint OfEnd(uint whole, uint before, long endLength) => whole ^ Multiply(XToThe8nth(endLength), before);

    private static uint Multiply(uint a, uint b)
    {
        uint product = 0;
        for (var bit = 1u << 31; bit != 0; bit >>= 1)
        {
            if ((a & bit) != 0) product ^= b;
            b = (b & 1) != 0 ? (b >> 1) ^ Polynomial : b >> 1;
        }

        return product;
    }

    /// <summary>x^(8 × <paramref name="bytes"/>) modulo the polynomial.</summary>
    private static uint XToThe8nth(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        var power = 1u << 31;
        for (var k = 3; bytes != 0; bytes >>= 1, k++)
        {
            if ((bytes & 1) != 0) power = Multiply(PowersOfTwo[k & 31], power);
        }

        return power;
    }

    private static uint[] Powers()
    {
        var powers = new uint[32];
        powers[0] = 1u << 30;
        for (var k = 1; k < powers.Length; k++) powers[k] = Multiply(powers[k - 1], powers[k - 1]);
        return powers;
    }
}
