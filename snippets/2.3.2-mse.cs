#!/usr/bin/env dotnet
// 2.3.2 MSE损失函数 / MSE loss
// MSE: 处处可导, 越接近最小值导数越小; 异常样本会放大误差, 可能梯度爆炸
// MSE: differentiable everywhere, the gradient shrinks near the minimum; outliers are amplified
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
// 3 MSE 损失对象, reduction 默认 mean / the MSE loss, mean by default
var criterion = nn.MSELoss();
// 4 计算损失值 (预测值, 真实值) / compute the loss (prediction, target)
var loss = criterion.call(y_pred, y_true);
// TorchSharp 不提供 grad_fn 的名字, 打印时写上 PyTorch 显示的名字 / TorchSharp does not name grad_fn
print("loss->", new GradFnTensor(loss, "MseLossBackward0"));
print("loss->", loss.requires_grad);
