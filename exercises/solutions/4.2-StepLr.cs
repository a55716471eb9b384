namespace Chapter4.Exercises;

public static partial class Learner
{
    /// <summary>4.2: lr0·γ^⌊epoch / step_size⌋ (reference solution).</summary>
    public static double StepLr(double lr0, int epoch, int stepSize, double gamma) => lr0 * Math.Pow(gamma, epoch / stepSize);
}
