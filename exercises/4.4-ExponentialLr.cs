namespace Chapter4.Exercises;

public static partial class Learner
{
    /// <summary>
    /// 4.4 按指数学习率衰减 — ExponentialLR(gamma) 在第 epoch 轮（从 0 开始）的学习率，写成闭式（课程：lr·gamma^epoch）。
    ///
    /// ExponentialLR(gamma)'s learning rate at epoch `epoch` (from 0) as a closed form (the course: lr·gamma^epoch).
    /// </summary>
    public static double ExponentialLr(double lr0, int epoch, double gamma)
    {
        // TODO: 在这里写你的代码 / write your code here
        throw new NotImplementedException();
    }
}
