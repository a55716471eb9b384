namespace Chapter4.Harness;

/// <summary>A numeric value found in both result trees.</summary>
public sealed record ComparedValue(string Path, double Expected, double Actual)
{
    public double AbsoluteDifference => Math.Abs(Expected - Actual);

    /// <summary>Equal once both are rounded to float32 (the lessons compute in float32).</summary>
    public bool BitExactFloat32 => UlpDistanceFloat32 == 0;

    public bool Within(double absolute, double relative) =>
        BitExactFloat32 || AbsoluteDifference <= absolute + relative * Math.Abs(Expected);

    /// <summary>
    /// How many float32 values lie between the two, after rounding both to float32 (0 = bit-exact).
    /// Unlike an absolute bound this is as strict for 1e-40 as for 1e4.
    /// </summary>
    public long UlpDistanceFloat32
    {
        get
        {
            if (double.IsNaN(Expected) || double.IsNaN(Actual)) return double.IsNaN(Expected) && double.IsNaN(Actual) ? 0 : long.MaxValue;
            return Math.Abs(Ordered((float)Expected) - Ordered((float)Actual));
        }
    }

    // Maps float32 bit patterns onto a line where neighbours differ by one (−0 and +0 coincide).
    private static long Ordered(float f)
    {
        int bits = BitConverter.SingleToInt32Bits(f);
        return bits < 0 ? -(long)(bits & int.MaxValue) : bits;
    }
}
