#!/usr/bin/env dotnet
// 2.3.3 Smooth L1损失函数 / Smooth L1 loss
// Smooth L1: |误差| < 1 时用 MSE, 否则用 MAE; 处处可导, 异常值的梯度最多 ±1
// Smooth L1: MSE where |error| < 1, MAE elsewhere; differentiable, an outlier's gradient is at most ±1
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

// 1 样本的真实值 / the true values
var y_true = torch.tensor(new float[] { 1.2f, 1.5f, 2.0f });
print("y_true->", y_true.dtype);
// 2 样本的预测值 (模型输出) / the predictions (the model's output)
var y_pred = torch.tensor(new float[] { 1.3f, 1.7f, 2.0f }, requires_grad: true);
// 3 Smooth L1 损失对象, reduction 默认 mean / the Smooth L1 loss, mean by default
var criterion = nn.SmoothL1Loss();
// 4 计算损失值 (预测值, 真实值) / compute the loss (prediction, target)
var loss = criterion.call(y_pred, y_true);
// TorchSharp 不提供 grad_fn 的名字, 打印时写上 PyTorch 显示的名字 / TorchSharp does not name grad_fn
print("loss->", new GradFnTensor(loss, "SmoothL1LossBackward0"));
print("loss->", loss.requires_grad);
