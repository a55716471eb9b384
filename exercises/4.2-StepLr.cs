namespace Chapter4.Exercises;

public static partial class Learner
{
    /// <summary>
    /// 4.2 等间隔学习率衰减 — StepLR(step_size, gamma) 在第 epoch 轮（从 0 开始）的学习率，写成 epoch 的闭式，
    /// 不用循环：初始学习率 lr0，每过 stepSize 轮乘一次 gamma。
    ///
    /// StepLR(step_size, gamma)'s learning rate at epoch `epoch` (from 0) as a closed form of the epoch,
    /// no loop: the initial rate lr0, multiplied by gamma once every stepSize epochs. Checked at every
    /// epoch against scheduler.get_last_lr()[0] in the course's loop.
    /// </summary>
    public static double StepLr(double lr0, int epoch, int stepSize, double gamma)
    {
        // TODO: 在这里写你的代码 / write your code here
        throw new NotImplementedException();
    }
}
