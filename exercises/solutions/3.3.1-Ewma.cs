namespace Chapter4.Exercises;

public static partial class Learner
{
    /// <summary>3.3.1: the recursion on the uncorrected S; the correction only on what is returned (reference solution).</summary>
    public static double[] Ewma(double[] y, double beta, bool biasCorrection)
    {
        var result = new double[y.Length];
        double s = 0;
        for (int t = 1; t <= y.Length; t++)
        {
            s = (1 - beta) * y[t - 1] + beta * s;
            result[t - 1] = biasCorrection ? s / (1 - Math.Pow(beta, t)) : s;
        }
        return result;
    }
}
