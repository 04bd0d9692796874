using System.Buffers.Binary;
using System.Numerics;

namespace DltNet.Normalize;

/// <summary>
/// SHAKE128 (FIPS 202) for the short inputs of row ids, in managed code: every nested row's <c>_dlt_id</c> is a
/// SHAKE128 digest of a few dozen bytes, and the OS library's one-shot call cost ~1.3 µs each (more than the rest of the
/// row); this Keccak-f[1600] takes a fraction of that. The tests compare it with <see cref="System.Security.Cryptography.Shake128"/>.
/// </summary>
internal static class Shake128Managed
{
    private const int Rate = 168;

    private static ReadOnlySpan<ulong> RoundConstants =>
    [
        0x0000000000000001UL, 0x0000000000008082UL, 0x800000000000808aUL, 0x8000000080008000UL, 0x000000000000808bUL, 0x0000000080000001UL,
        0x8000000080008081UL, 0x8000000000008009UL, 0x000000000000008aUL, 0x0000000000000088UL, 0x0000000080008009UL, 0x000000008000000aUL,
        0x000000008000808bUL, 0x800000000000008bUL, 0x8000000000008089UL, 0x8000000000008003UL, 0x8000000000008002UL, 0x8000000000000080UL,
        0x000000000000800aUL, 0x800000008000000aUL, 0x8000000080008081UL, 0x8000000000008080UL, 0x0000000080000001UL, 0x8000000080008008UL,
    ];

    /// <summary>Writes the first <c>output.Length</c> (at most 168) bytes of SHAKE128(<paramref name="input"/>).</summary>
    public static void HashData(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (output.Length > Rate) throw new ArgumentOutOfRangeException(nameof(output), "At most one block of output.");
        Span<ulong> state = stackalloc ulong[25];
        state.Clear();
        // absorb full blocks, then the padded last block (domain bits 1111 for SHAKE, then pad10*1)
        while (input.Length >= Rate)
        {
            Absorb(state, input[..Rate]);
            Permute(state);
            input = input[Rate..];
        }
        Absorb(state, input);
        XorByte(state, input.Length, 0x1F);
        XorByte(state, Rate - 1, 0x80);
        Permute(state);
        for (var i = 0; i < output.Length; i++) output[i] = (byte)(state[i >> 3] >> ((i & 7) * 8));
    }

    /// <summary>XORs up to one block of bytes into the lanes (little-endian, whatever the machine's byte order).</summary>
    private static void Absorb(Span<ulong> state, ReadOnlySpan<byte> block)
    {
        var lanes = block.Length / 8;
        for (var i = 0; i < lanes; i++) state[i] ^= BinaryPrimitives.ReadUInt64LittleEndian(block[(i * 8)..]);
        for (var i = lanes * 8; i < block.Length; i++) XorByte(state, i, block[i]);
    }

    private static void XorByte(Span<ulong> state, int position, byte value) => state[position >> 3] ^= (ulong)value << ((position & 7) * 8);

    private static void Permute(Span<ulong> a)
    {
        var constants = RoundConstants;
        ulong a00 = a[0], a01 = a[1], a02 = a[2], a03 = a[3], a04 = a[4];
        ulong a05 = a[5], a06 = a[6], a07 = a[7], a08 = a[8], a09 = a[9];
        ulong a10 = a[10], a11 = a[11], a12 = a[12], a13 = a[13], a14 = a[14];
        ulong a15 = a[15], a16 = a[16], a17 = a[17], a18 = a[18], a19 = a[19];
        ulong a20 = a[20], a21 = a[21], a22 = a[22], a23 = a[23], a24 = a[24];
        for (var round = 0; round < 24; round++)
        {
            // theta
            var c0 = a00 ^ a05 ^ a10 ^ a15 ^ a20;
            var c1 = a01 ^ a06 ^ a11 ^ a16 ^ a21;
            var c2 = a02 ^ a07 ^ a12 ^ a17 ^ a22;
            var c3 = a03 ^ a08 ^ a13 ^ a18 ^ a23;
            var c4 = a04 ^ a09 ^ a14 ^ a19 ^ a24;
            var d0 = c4 ^ BitOperations.RotateLeft(c1, 1);
            var d1 = c0 ^ BitOperations.RotateLeft(c2, 1);
            var d2 = c1 ^ BitOperations.RotateLeft(c3, 1);
            var d3 = c2 ^ BitOperations.RotateLeft(c4, 1);
            var d4 = c3 ^ BitOperations.RotateLeft(c0, 1);
            a00 ^= d0; a05 ^= d0; a10 ^= d0; a15 ^= d0; a20 ^= d0;
            a01 ^= d1; a06 ^= d1; a11 ^= d1; a16 ^= d1; a21 ^= d1;
            a02 ^= d2; a07 ^= d2; a12 ^= d2; a17 ^= d2; a22 ^= d2;
            a03 ^= d3; a08 ^= d3; a13 ^= d3; a18 ^= d3; a23 ^= d3;
            a04 ^= d4; a09 ^= d4; a14 ^= d4; a19 ^= d4; a24 ^= d4;

            // rho and pi: b[y][2x+3y] = rot(a[x][y], r[x][y]) (lane index = x + 5y)
            var b00 = a00;
            var b10 = BitOperations.RotateLeft(a01, 1);
            var b20 = BitOperations.RotateLeft(a02, 62);
            var b05 = BitOperations.RotateLeft(a03, 28);
            var b15 = BitOperations.RotateLeft(a04, 27);
            var b16 = BitOperations.RotateLeft(a05, 36);
            var b01 = BitOperations.RotateLeft(a06, 44);
            var b11 = BitOperations.RotateLeft(a07, 6);
            var b21 = BitOperations.RotateLeft(a08, 55);
            var b06 = BitOperations.RotateLeft(a09, 20);
            var b07 = BitOperations.RotateLeft(a10, 3);
            var b17 = BitOperations.RotateLeft(a11, 10);
            var b02 = BitOperations.RotateLeft(a12, 43);
            var b12 = BitOperations.RotateLeft(a13, 25);
            var b22 = BitOperations.RotateLeft(a14, 39);
            var b23 = BitOperations.RotateLeft(a15, 41);
            var b08 = BitOperations.RotateLeft(a16, 45);
            var b18 = BitOperations.RotateLeft(a17, 15);
            var b03 = BitOperations.RotateLeft(a18, 21);
            var b13 = BitOperations.RotateLeft(a19, 8);
            var b14 = BitOperations.RotateLeft(a20, 18);
            var b24 = BitOperations.RotateLeft(a21, 2);
            var b09 = BitOperations.RotateLeft(a22, 61);
            var b19 = BitOperations.RotateLeft(a23, 56);
            var b04 = BitOperations.RotateLeft(a24, 14);

            // chi
            a00 = b00 ^ (~b01 & b02); a01 = b01 ^ (~b02 & b03); a02 = b02 ^ (~b03 & b04); a03 = b03 ^ (~b04 & b00); a04 = b04 ^ (~b00 & b01);
            a05 = b05 ^ (~b06 & b07); a06 = b06 ^ (~b07 & b08); a07 = b07 ^ (~b08 & b09); a08 = b08 ^ (~b09 & b05); a09 = b09 ^ (~b05 & b06);
            a10 = b10 ^ (~b11 & b12); a11 = b11 ^ (~b12 & b13); a12 = b12 ^ (~b13 & b14); a13 = b13 ^ (~b14 & b10); a14 = b14 ^ (~b10 & b11);
            a15 = b15 ^ (~b16 & b17); a16 = b16 ^ (~b17 & b18); a17 = b17 ^ (~b18 & b19); a18 = b18 ^ (~b19 & b15); a19 = b19 ^ (~b15 & b16);
            a20 = b20 ^ (~b21 & b22); a21 = b21 ^ (~b22 & b23); a22 = b22 ^ (~b23 & b24); a23 = b23 ^ (~b24 & b20); a24 = b24 ^ (~b20 & b21);

            // iota
            a00 ^= constants[round];
        }
        a[0] = a00; a[1] = a01; a[2] = a02; a[3] = a03; a[4] = a04;
        a[5] = a05; a[6] = a06; a[7] = a07; a[8] = a08; a[9] = a09;
        a[10] = a10; a[11] = a11; a[12] = a12; a[13] = a13; a[14] = a14;
        a[15] = a15; a[16] = a16; a[17] = a17; a[18] = a18; a[19] = a19;
        a[20] = a20; a[21] = a21; a[22] = a22; a[23] = a23; a[24] = a24;
    }
}
