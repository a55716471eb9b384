using System.Buffers.Binary;
using Chapter4.Language;

namespace Chapter4.Models;

/// <summary>
/// Walks a pickle's opcodes without running or building anything, and refuses one that declares
/// a string, bytes or frame longer than what is left of it: the unpickler would allocate that
/// length before noticing the data ends (a 249-byte file can ask for 2 GB).
/// </summary>
public static class PickleScan
{
    public static void CheckLengths(ReadOnlySpan<byte> pickle)
    {
        int i = 0;
        while (i < pickle.Length)
        {
            byte op = pickle[i++];
            long length = op switch
            {
                // Length-prefixed values: the prefix must fit, then the value.
                (byte)'U' or (byte)'C' or 0x8c or 0x8a => Prefix(pickle, ref i, 1),
                (byte)'T' or (byte)'X' or (byte)'B' or 0x8b => Prefix(pickle, ref i, 4),
                0x8d or 0x8e or 0x96 => Prefix(pickle, ref i, 8),
                0x95 => Frame(pickle, ref i),
                // Fixed-size arguments.
                (byte)'K' or (byte)'h' or (byte)'q' or 0x80 or 0x82 => 1,
                (byte)'M' or 0x83 => 2,
                (byte)'J' or (byte)'j' or (byte)'r' or 0x84 => 4,
                (byte)'G' => 8,
                // Arguments ending at a newline (GLOBAL and INST have two).
                (byte)'c' or (byte)'i' => Lines(pickle, i, 2),
                (byte)'I' or (byte)'L' or (byte)'F' or (byte)'S' or (byte)'V' or (byte)'P' or (byte)'g' or (byte)'p' => Lines(pickle, i, 1),
                (byte)'.' => -1,
                _ when IsNoArgument(op) => 0,
                _ => throw Refused("unknown-opcode", $"0x{op:x2}", i - 1),
            };
            if (length < 0) return; // STOP
            if (length > pickle.Length - i)
                throw Refused("too-long", length, i, pickle.Length - i);
            i += (int)length;
        }
        throw Refused("no-stop");
    }

    /// <summary>Why the weights file cannot be loaded, in the learner's language, to follow the file's name.</summary>
    private static StateDictException Refused(string key, params object?[] args) => new(Texts.Format(typeof(PickleScan), key, args));

    private static long Prefix(ReadOnlySpan<byte> p, ref int i, int size)
    {
        if (p.Length - i < size) throw Refused("truncated");
        long n = size switch
        {
            1 => p[i],
            4 => BinaryPrimitives.ReadUInt32LittleEndian(p[i..]),
            _ => (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(p[i..]), long.MaxValue),
        };
        i += size;
        return n;
    }

    // A frame's length only announces the opcodes that follow; it must fit too, and the walk continues inside it.
    private static long Frame(ReadOnlySpan<byte> p, ref int i)
    {
        long n = Prefix(p, ref i, 8);
        if (n > p.Length - i) throw Refused("frame-too-long", n, p.Length - i);
        return 0;
    }

    private static long Lines(ReadOnlySpan<byte> p, int start, int count)
    {
        int i = start;
        for (int line = 0; line < count; line++)
        {
            int nl = p[i..].IndexOf((byte)'\n');
            if (nl < 0) throw Refused("truncated");
            i += nl + 1;
        }
        return i - start;
    }

    // MARK, STOP-less opcodes with no argument: protocol 0–5 (TUPLE, DICT, SETITEMS, REDUCE, BUILD, ...).
    private static bool IsNoArgument(byte op) =>
        op is (byte)'(' or (byte)')' or (byte)']' or (byte)'}' or (byte)'0' or (byte)'1' or (byte)'2' or (byte)'N'
            or (byte)'R' or (byte)'a' or (byte)'b' or (byte)'d' or (byte)'e' or (byte)'l' or (byte)'o' or (byte)'s'
            or (byte)'t' or (byte)'u' or (byte)'Q' or 0x81 or 0x85 or 0x86 or 0x87 or 0x88 or 0x89 or 0x8f or 0x90
            or 0x91 or 0x92 or 0x93 or 0x94 or 0x97 or 0x98;
}
