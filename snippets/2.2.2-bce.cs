#!/usr/bin/env dotnet
// 2.2.2 二分类任务损失函数 / Binary classification loss
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

// 1 样本的真实值: 0 或 1 / the true labels: 0 or 1
var y_true = torch.tensor(new float[] { 0, 1, 0 });
print("y_true->", y_true.dtype);
// 2 样本的预测值: sigmoid 的激活值, 即属于类别 1 的概率 / predictions: sigmoid outputs, P(class 1)
var y_pred = torch.tensor(new float[] { 0.6901f, 0.5459f, 0.2469f }, requires_grad: true);
// 3 二分类交叉熵损失对象, reduction 默认 mean / the binary cross-entropy loss, mean by default
var criterion = nn.BCELoss();
// 4 计算损失值 (预测值, 真实值) / compute the loss (prediction, target)
var loss = criterion.call(y_pred, y_true);
// TorchSharp 不提供 grad_fn 的名字, 打印时写上 PyTorch 显示的名字 / TorchSharp does not name grad_fn
print("loss->", new GradFnTensor(loss, "BinaryCrossEntropyBackward0"));
print("loss->", loss.requires_grad);
