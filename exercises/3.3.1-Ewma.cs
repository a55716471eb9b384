namespace Chapter4.Exercises;

public static partial class Learner
{
    /// <summary>
    /// 3.3.1 指数移动加权平均 — 课程的 S_t = (1 − β)·Y_t + β·S_(t−1)，S_0 = 0，t = 1 … n（y[0] 是 Y_1）。
    /// 返回 S_1 … S_n；biasCorrection 为 true 时返回偏差修正后的 S_t / (1 − β^t)。
    ///
    /// The course's exponentially weighted moving average S_t = (1 − β)·Y_t + β·S_(t−1), S_0 = 0, for
    /// t = 1 … n (y[0] is Y_1). Return S_1 … S_n; with biasCorrection, the bias-corrected S_t / (1 − β^t).
    /// </summary>
    public static double[] Ewma(double[] y, double beta, bool biasCorrection)
    {
        // TODO: 在这里写你的代码 / write your code here
        throw new NotImplementedException();
    }
}
