using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DltNet.Normalize;

/// <summary>
/// SHAKE128 (FIPS 202) for the short inputs of row ids, in managed code: every nested row's <c>_dlt_id</c> is a
/// SHAKE128 digest of a few dozen bytes, and the OS library's one-shot call cost ~1.3 µs each (more than the rest of the
/// row); this Keccak-f[1600] takes a fraction of that, and <see cref="HashFourShort"/> hashes four messages in the
/// lanes of 256-bit vectors for a quarter of that again. The tests compare both with <see cref="System.Security.Cryptography.Shake128"/>.
/// </summary>
internal static class Shake128Managed
{
    private const int Rate = 168;

    /// <summary>Longest message <see cref="HashFourShort"/> takes: one block with room for the padding byte.</summary>
    public const int MaxShortMessage = Rate - 1;

    /// <summary>Four messages at a time run on vector lanes (on hardware with 256-bit vectors; else one after another).</summary>
    public static bool HashesFourAtOnce => Vector256.IsHardwareAccelerated;

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
            Permute<ulong, ScalarLanes>(state);
            input = input[Rate..];
        }
        Absorb(state, input);
        XorByte(state, input.Length, 0x1F);
        XorByte(state, Rate - 1, 0x80);
        Permute<ulong, ScalarLanes>(state);
        for (var i = 0; i < output.Length; i++) output[i] = (byte)(state[i >> 3] >> ((i & 7) * 8));
    }

    /// <summary>
    /// The first <c>digestLength</c> (at most 16) bytes of SHAKE128 of each of four messages of at most
    /// <see cref="MaxShortMessage"/> bytes, into <paramref name="output"/> one digest after another.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void HashFourShort(ReadOnlySpan<byte> m0, ReadOnlySpan<byte> m1, ReadOnlySpan<byte> m2, ReadOnlySpan<byte> m3, int digestLength, Span<byte> output)
    {
        if (digestLength > 16) throw new ArgumentOutOfRangeException(nameof(digestLength), "At most two lanes of output.");
        if (!HashesFourAtOnce)
        {
            HashData(m0, output[..digestLength]);
            HashData(m1, output.Slice(digestLength, digestLength));
            HashData(m2, output.Slice(2 * digestLength, digestLength));
            HashData(m3, output.Slice(3 * digestLength, digestLength));
            return;
        }
        // each message padded into its own block, then lane i of the state holds word i of the four blocks
        Span<byte> blocks = stackalloc byte[4 * Rate];
        blocks.Clear();
        Pad(m0, blocks[..Rate]);
        Pad(m1, blocks.Slice(Rate, Rate));
        Pad(m2, blocks.Slice(2 * Rate, Rate));
        Pad(m3, blocks.Slice(3 * Rate, Rate));
        Span<Vector256<ulong>> state = stackalloc Vector256<ulong>[25];
        for (var i = 0; i < Rate / 8; i++)
            state[i] = Vector256.Create(
                BinaryPrimitives.ReadUInt64LittleEndian(blocks[(i * 8)..]), BinaryPrimitives.ReadUInt64LittleEndian(blocks[(Rate + i * 8)..]),
                BinaryPrimitives.ReadUInt64LittleEndian(blocks[(2 * Rate + i * 8)..]), BinaryPrimitives.ReadUInt64LittleEndian(blocks[(3 * Rate + i * 8)..]));
        for (var i = Rate / 8; i < 25; i++) state[i] = Vector256<ulong>.Zero;
        Permute<Vector256<ulong>, VectorLanes>(state);
        Span<byte> squeezed = stackalloc byte[16];
        for (var m = 0; m < 4; m++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(squeezed, state[0].GetElement(m));
            BinaryPrimitives.WriteUInt64LittleEndian(squeezed[8..], state[1].GetElement(m));
            squeezed[..digestLength].CopyTo(output.Slice(m * digestLength, digestLength));
        }
    }

    private static void Pad(ReadOnlySpan<byte> message, Span<byte> block)
    {
        if (message.Length > MaxShortMessage) throw new ArgumentOutOfRangeException(nameof(message), "Longer than one block.");
        message.CopyTo(block);
        block[message.Length] ^= 0x1F;
        block[Rate - 1] ^= 0x80;
    }

    /// <summary>XORs up to one block of bytes into the lanes (little-endian, whatever the machine's byte order).</summary>
    private static void Absorb(Span<ulong> state, ReadOnlySpan<byte> block)
    {
        var lanes = block.Length / 8;
        for (var i = 0; i < lanes; i++) state[i] ^= BinaryPrimitives.ReadUInt64LittleEndian(block[(i * 8)..]);
        for (var i = lanes * 8; i < block.Length; i++) XorByte(state, i, block[i]);
    }

    private static void XorByte(Span<ulong> state, int position, byte value) => state[position >> 3] ^= (ulong)value << ((position & 7) * 8);

    /// <summary>The operations Keccak-f[1600] needs on a lane: one state (<see cref="ulong"/>) or four (<see cref="Vector256{T}"/>).</summary>
    private interface ILanes<T>
    {
        static abstract T Xor(T a, T b);
        static abstract T Xor5(T a, T b, T c, T d, T e);
        static abstract T Rotate(T x, [ConstantExpected] byte count);
        /// <summary>Keccak's chi: <c>a ^ (~b &amp; c)</c>.</summary>
        static abstract T Chi(T a, T b, T c);
        static abstract T Constant(ulong value);
    }

    private readonly struct ScalarLanes : ILanes<ulong>
    {
        public static ulong Xor(ulong a, ulong b) => a ^ b;
        public static ulong Xor5(ulong a, ulong b, ulong c, ulong d, ulong e) => a ^ b ^ c ^ d ^ e;
        public static ulong Rotate(ulong x, [ConstantExpected] byte count) => BitOperations.RotateLeft(x, count);
        public static ulong Chi(ulong a, ulong b, ulong c) => a ^ (~b & c);
        public static ulong Constant(ulong value) => value;
    }

    private readonly struct VectorLanes : ILanes<Vector256<ulong>>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<ulong> Xor(Vector256<ulong> a, Vector256<ulong> b) => a ^ b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<ulong> Xor5(Vector256<ulong> a, Vector256<ulong> b, Vector256<ulong> c, Vector256<ulong> d, Vector256<ulong> e) =>
            Avx512F.VL.IsSupported ? Avx512F.VL.TernaryLogic(Avx512F.VL.TernaryLogic(a, b, c, 0x96), d, e, 0x96) : a ^ b ^ c ^ d ^ e;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<ulong> Rotate(Vector256<ulong> x, [ConstantExpected] byte count) =>
            Avx512F.VL.IsSupported ? Avx512F.VL.RotateLeft(x, count) : (x << count) | (x >>> (64 - count));

        // 0xD2 is the truth table of a ^ (~b & c) over the bits of a, b, c
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<ulong> Chi(Vector256<ulong> a, Vector256<ulong> b, Vector256<ulong> c) =>
            Avx512F.VL.IsSupported ? Avx512F.VL.TernaryLogic(a, b, c, 0xD2) : a ^ Vector256.AndNot(c, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<ulong> Constant(ulong value) => Vector256.Create(value);
    }

    // compiled fully optimized at its first call: at tier 0 (and in the PGO-instrumented tier that follows) the lane
    // operations are calls rather than inlined instructions, and every nested row of a load's first second pays for them
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Permute<T, TLanes>(Span<T> a) where TLanes : struct, ILanes<T>
    {
        var constants = RoundConstants;
        T a00 = a[0], a01 = a[1], a02 = a[2], a03 = a[3], a04 = a[4];
        T a05 = a[5], a06 = a[6], a07 = a[7], a08 = a[8], a09 = a[9];
        T a10 = a[10], a11 = a[11], a12 = a[12], a13 = a[13], a14 = a[14];
        T a15 = a[15], a16 = a[16], a17 = a[17], a18 = a[18], a19 = a[19];
        T a20 = a[20], a21 = a[21], a22 = a[22], a23 = a[23], a24 = a[24];
        for (var round = 0; round < 24; round++)
        {
            // theta
            var c0 = TLanes.Xor5(a00, a05, a10, a15, a20);
            var c1 = TLanes.Xor5(a01, a06, a11, a16, a21);
            var c2 = TLanes.Xor5(a02, a07, a12, a17, a22);
            var c3 = TLanes.Xor5(a03, a08, a13, a18, a23);
            var c4 = TLanes.Xor5(a04, a09, a14, a19, a24);
            var d0 = TLanes.Xor(c4, TLanes.Rotate(c1, 1));
            var d1 = TLanes.Xor(c0, TLanes.Rotate(c2, 1));
            var d2 = TLanes.Xor(c1, TLanes.Rotate(c3, 1));
            var d3 = TLanes.Xor(c2, TLanes.Rotate(c4, 1));
            var d4 = TLanes.Xor(c3, TLanes.Rotate(c0, 1));
            a00 = TLanes.Xor(a00, d0); a05 = TLanes.Xor(a05, d0); a10 = TLanes.Xor(a10, d0); a15 = TLanes.Xor(a15, d0); a20 = TLanes.Xor(a20, d0);
            a01 = TLanes.Xor(a01, d1); a06 = TLanes.Xor(a06, d1); a11 = TLanes.Xor(a11, d1); a16 = TLanes.Xor(a16, d1); a21 = TLanes.Xor(a21, d1);
            a02 = TLanes.Xor(a02, d2); a07 = TLanes.Xor(a07, d2); a12 = TLanes.Xor(a12, d2); a17 = TLanes.Xor(a17, d2); a22 = TLanes.Xor(a22, d2);
            a03 = TLanes.Xor(a03, d3); a08 = TLanes.Xor(a08, d3); a13 = TLanes.Xor(a13, d3); a18 = TLanes.Xor(a18, d3); a23 = TLanes.Xor(a23, d3);
            a04 = TLanes.Xor(a04, d4); a09 = TLanes.Xor(a09, d4); a14 = TLanes.Xor(a14, d4); a19 = TLanes.Xor(a19, d4); a24 = TLanes.Xor(a24, d4);

            // rho and pi: b[y][2x+3y] = rot(a[x][y], r[x][y]) (lane index = x + 5y)
            var b00 = a00;
            var b10 = TLanes.Rotate(a01, 1);
            var b20 = TLanes.Rotate(a02, 62);
            var b05 = TLanes.Rotate(a03, 28);
            var b15 = TLanes.Rotate(a04, 27);
            var b16 = TLanes.Rotate(a05, 36);
            var b01 = TLanes.Rotate(a06, 44);
            var b11 = TLanes.Rotate(a07, 6);
            var b21 = TLanes.Rotate(a08, 55);
            var b06 = TLanes.Rotate(a09, 20);
            var b07 = TLanes.Rotate(a10, 3);
            var b17 = TLanes.Rotate(a11, 10);
            var b02 = TLanes.Rotate(a12, 43);
            var b12 = TLanes.Rotate(a13, 25);
            var b22 = TLanes.Rotate(a14, 39);
            var b23 = TLanes.Rotate(a15, 41);
            var b08 = TLanes.Rotate(a16, 45);
            var b18 = TLanes.Rotate(a17, 15);
            var b03 = TLanes.Rotate(a18, 21);
            var b13 = TLanes.Rotate(a19, 8);
            var b14 = TLanes.Rotate(a20, 18);
            var b24 = TLanes.Rotate(a21, 2);
            var b09 = TLanes.Rotate(a22, 61);
            var b19 = TLanes.Rotate(a23, 56);
            var b04 = TLanes.Rotate(a24, 14);

            // chi
            a00 = TLanes.Chi(b00, b01, b02); a01 = TLanes.Chi(b01, b02, b03); a02 = TLanes.Chi(b02, b03, b04); a03 = TLanes.Chi(b03, b04, b00); a04 = TLanes.Chi(b04, b00, b01);
            a05 = TLanes.Chi(b05, b06, b07); a06 = TLanes.Chi(b06, b07, b08); a07 = TLanes.Chi(b07, b08, b09); a08 = TLanes.Chi(b08, b09, b05); a09 = TLanes.Chi(b09, b05, b06);
            a10 = TLanes.Chi(b10, b11, b12); a11 = TLanes.Chi(b11, b12, b13); a12 = TLanes.Chi(b12, b13, b14); a13 = TLanes.Chi(b13, b14, b10); a14 = TLanes.Chi(b14, b10, b11);
            a15 = TLanes.Chi(b15, b16, b17); a16 = TLanes.Chi(b16, b17, b18); a17 = TLanes.Chi(b17, b18, b19); a18 = TLanes.Chi(b18, b19, b15); a19 = TLanes.Chi(b19, b15, b16);
            a20 = TLanes.Chi(b20, b21, b22); a21 = TLanes.Chi(b21, b22, b23); a22 = TLanes.Chi(b22, b23, b24); a23 = TLanes.Chi(b23, b24, b20); a24 = TLanes.Chi(b24, b20, b21);

            // iota
            a00 = TLanes.Xor(a00, TLanes.Constant(constants[round]));
        }
        a[0] = a00; a[1] = a01; a[2] = a02; a[3] = a03; a[4] = a04;
        a[5] = a05; a[6] = a06; a[7] = a07; a[8] = a08; a[9] = a09;
        a[10] = a10; a[11] = a11; a[12] = a12; a[13] = a13; a[14] = a14;
        a[15] = a15; a[16] = a16; a[17] = a17; a[18] = a18; a[19] = a19;
        a[20] = a20; a[21] = a21; a[22] = a22; a[23] = a23; a[24] = a24;
    }
}
