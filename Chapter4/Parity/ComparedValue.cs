namespace Chapter4.Parity;

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
            return Float32Ulps.Between((float)Expected, (float)Actual);
        }
    }
}
