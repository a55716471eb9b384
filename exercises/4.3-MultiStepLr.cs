namespace Chapter4.Exercises;

public static partial class Learner
{
    /// <summary>
    /// 4.3 指定间隔学习率衰减 — MultiStepLR(milestones, gamma) 在第 epoch 轮（从 0 开始）的学习率，写成闭式：
    /// 初始学习率 lr0，每到一个 milestone 乘一次 gamma。milestones 的顺序和重复要像 PyTorch 那样处理。
    ///
    /// MultiStepLR(milestones, gamma)'s learning rate at epoch `epoch` (from 0) as a closed form: the initial
    /// rate lr0, multiplied by gamma once at each milestone. Treat the milestones' order and repeats as PyTorch does.
    /// </summary>
    public static double MultiStepLr(double lr0, int epoch, int[] milestones, double gamma)
    {
        // TODO: 在这里写你的代码 / write your code here
        throw new NotImplementedException();
    }
}
