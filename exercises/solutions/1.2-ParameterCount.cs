namespace Chapter4.Exercises;

public static partial class Learner
{
    /// <summary>1.2: Σ over the layers of in·out weights (+ out biases) (reference solution).</summary>
    public static long CountParameters(int[] sizes, bool bias)
    {
        long total = 0;
        for (int k = 0; k + 1 < sizes.Length; k++)
            total += (long)sizes[k] * sizes[k + 1] + (bias ? sizes[k + 1] : 0);
        return total;
    }
}
