namespace Chapter4.Parity;

/// <summary>Distances between float32 values counted in representable floats (units in the last place).</summary>
public static class Float32Ulps
{
    /// <summary>How many float32 values lie between a and b: 0 when bit-identical (−0 and +0 coincide).</summary>
    public static long Between(float a, float b) => Math.Abs(Ordered(a) - Ordered(b));

    // Maps float32 bit patterns onto a line where neighbours differ by one.
    private static long Ordered(float f)
    {
        int bits = BitConverter.SingleToInt32Bits(f);
        return bits < 0 ? -(long)(bits & int.MaxValue) : bits;
    }
}
