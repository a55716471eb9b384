namespace Chapter4.Exercises;

public static partial class Learner
{
    /// <summary>4.3: lr0·γ^(number of milestones ≤ epoch, repeats counted) (reference solution).</summary>
    public static double MultiStepLr(double lr0, int epoch, int[] milestones, double gamma) =>
        lr0 * Math.Pow(gamma, milestones.Count(m => m <= epoch));
}
