namespace Chapter4.Exercises;

public static partial class Learner
{
    /// <summary>
    /// 1.2 计算和查看模型参数 — 按公式数出一串全连接层（nn.Linear）的参数个数，不要创建模型。
    /// sizes 是每层的神经元个数：[3, 3, 2, 2] 表示 Linear(3,3)、Linear(3,2)、Linear(2,2)（课程的 ModelDemo）。
    /// bias 为 false 时各层没有偏置。
    ///
    /// Count the parameters of a stack of nn.Linear layers by formula, without building it. sizes are the
    /// layer widths: [3, 3, 2, 2] is Linear(3,3), Linear(3,2), Linear(2,2), the course's ModelDemo. With
    /// bias false the layers have no biases. Checked against sum(p.numel()) in PyTorch.
    /// </summary>
    public static long CountParameters(int[] sizes, bool bias)
    {
        // TODO: 在这里写你的代码 / write your code here
        throw new NotImplementedException();
    }
}
