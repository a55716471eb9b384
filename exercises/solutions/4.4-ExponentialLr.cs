namespace Chapter4.Exercises;

public static partial class Learner
{
    /// <summary>4.4: lr0·γ^epoch (reference solution).</summary>
    public static double ExponentialLr(double lr0, int epoch, double gamma) => lr0 * Math.Pow(gamma, epoch);
}
