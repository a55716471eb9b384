namespace Chapter4.Training;

/// <summary>Summary statistics for results over several seeds.</summary>
public static class Stats
{
    /// <summary>The mean and the sample standard deviation (n − 1, as Python's statistics.stdev; 0 for one value).</summary>
    public static (double Mean, double Std) MeanStd(IEnumerable<double> values)
    {
        double[] v = values.ToArray();
        double mean = v.Average();
        double std = v.Length > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1)) : 0;
        return (mean, std);
    }
}
