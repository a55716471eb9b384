#!/usr/bin/env dotnet
// 4.3 指定间隔学习率衰减 / Multi-step learning-rate decay
// 指定间隔: 到了列表里的轮数, lr = lr * gamma
// multi-step decay: at each listed epoch, lr = lr * gamma
#:package TorchSharp-cpu
#:include ../Chapter4/Printing/Py.cs
#:include ../Chapter4/Printing/PyFormat.cs
#:include ../Chapter4/Printing/TensorValues.cs
#:include ../Chapter4/Printing/TorchRepr.cs
#:include ../Chapter4/Printing/TorchRepr.Layout.cs
using TorchSharp;
using static Chapter4.Printing.Py;
using static TorchSharp.torch;

// 1 初始化参数: 学习率, 训练轮数, 每轮迭代次数 / settings: learning rate, epochs, iterations per epoch
double lr = 0.1;
int epoch = 200;
int iteration = 10;
// 2 数据集: 真实值 y_true, 特征 x, 权重 w / the data: target y_true, feature x, weight w
var y_true = torch.tensor(new long[] { 0 });
var x = torch.tensor(new float[] { 1.0f });
var w = nn.Parameter(torch.tensor(new float[] { 1.0f }));
// 3 优化器: 动量法 / the optimizer: SGD with momentum
var optimizer = torch.optim.SGD([w], lr, momentum: 0.9);
// 4 指定间隔学习率衰减: milestones 是衰减的轮数列表, gamma 是衰减系数 (默认 0.1)
// multi-step decay: milestones lists the epochs to decay at, by gamma (default 0.1)
var scheduler = torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones: [50, 100, 160], gamma: 0.5, last_epoch: -1);
// 5 两个列表: 训练轮次和每轮的学习率 (画图用) / two lists: the epochs and each epoch's rate (for a plot)
var lr_list = new List<double[]>();
var epoch_list = new List<int>();
// 6 遍历每轮训练 / for each epoch
for (int i = 0; i < epoch; i++)
{
    // 7 记录本轮的学习率; get_last_lr() 返回一个列表 (每组参数一个)
    // record this epoch's rate; get_last_lr() returns a list (one per parameter group)
    lr_list.Add(scheduler.get_last_lr().ToArray());
    epoch_list.Add(i);
    // 8 每轮的批次: 预测 wx, 损失 (wx - y_true)², 梯度清零, 计算梯度, 更新参数
    // the batches: predict wx, loss (wx - y_true)², zero the gradient, compute it, update
    for (int batch = 0; batch < iteration; batch++)
    {
        var y_pred = w * x;
        var loss = (y_pred - y_true).pow(2);
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
    }
    // 9 更新下一轮的学习率 (在 optimizer.step() 之后) / set the next epoch's rate (after optimizer.step())
    scheduler.step();
}
print("lr_list->", lr_list);
// 课程在这里用 matplotlib 画 epoch_list 和 lr_list (plt.show() 需要图形界面); 这里只打印.
// 曲线由本项目的 lr-multistep 课程画出. / The course plots the two lists with matplotlib here; this
// snippet only prints (it runs without a display); the project's lesson lr-multistep draws the curve.
