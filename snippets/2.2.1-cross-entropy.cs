#!/usr/bin/env dotnet
// 2.2.1 多分类任务损失函数 / Multi-class classification loss
#:package TorchSharp-cpu
#:include ../Chapter4/Printing/Py.cs
#:include ../Chapter4/Printing/PyFormat.cs
#:include ../Chapter4/Printing/TensorValues.cs
#:include ../Chapter4/Printing/TorchRepr.cs
#:include ../Chapter4/Printing/TorchRepr.Layout.cs
using Chapter4.Printing;
using TorchSharp;
using static Chapter4.Printing.Py;
using static TorchSharp.torch;

// 1 样本的真实值: 类别下标 (必须是 int64) / the true labels: class indices (must be int64)
// (独热编码写法 / one-hot form: torch.tensor(new float[,] { { 0, 1, 0 }, { 1, 0, 0 } }))
// (注意: 下标 [1, 2] 的独热编码是 [[0, 1, 0], [0, 0, 1]] / note: the one-hot form of [1, 2] is [[0, 1, 0], [0, 0, 1]])
var y_true = torch.tensor(new long[] { 1, 2 });
print("y_true->", y_true.dtype);
// 2 样本的预测值 (模型输出) / the predictions (the model's output)
// CrossEntropyLoss 内部先做 softmax, 应传 logits; 课程传的是概率 (见 logits 讲解) / it applies softmax itself: pass logits, not probabilities
var y_pred = torch.tensor(new float[,] { { 0.1f, 0.8f, 0.1f }, { 0.7f, 0.2f, 0.1f } }, requires_grad: true);
// 3 多分类交叉熵损失对象; reduction: 损失值的计算方式, 默认 mean, 这里 sum
// the cross-entropy loss; reduction: how losses combine, mean by default, sum here
var criterion = nn.CrossEntropyLoss(reduction: nn.Reduction.Sum);
// 4 计算损失值: 参数顺序是 (预测值, 真实值) / compute the loss: (prediction, target)
var loss = criterion.call(y_pred, y_true);
// TorchSharp 不提供 grad_fn 的名字, 打印时写上 PyTorch 显示的名字 / TorchSharp does not name grad_fn
print("loss->", new GradFnTensor(loss, "NllLossBackward0"));
