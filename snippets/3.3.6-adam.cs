#!/usr/bin/env dotnet
// 3.3.6 Adam
// Adam 既调整学习率又调整梯度: Adam = RMSProp + 动量, 两者都做偏差修正
// Adam adapts both the step and the gradient: RMSProp plus momentum, both with bias correction
#:package TorchSharp-cpu
#:include ../Chapter4/Printing/Py.cs
#:include ../Chapter4/Printing/PyFormat.cs
#:include ../Chapter4/Printing/TensorValues.cs
#:include ../Chapter4/Printing/TorchRepr.cs
#:include ../Chapter4/Printing/TorchRepr.Layout.cs
using TorchSharp;
using static Chapter4.Printing.Py;
using static TorchSharp.torch;

// 1 初始化权重参数 (优化器要的是 Parameter) / the weight (optimizers take Parameters)
var w = nn.Parameter(torch.tensor(new float[] { 1.0f }));
// 损失函数 w²/2, 梯度就是 w / the loss w²/2, whose gradient is w
var loss = (w.pow(2) / 2.0).sum();
// 2 优化器: Adam; betas: 第一个 β 用于动量, 第二个 β 用于 RMSProp / the optimizer: Adam; the first beta is momentum's, the second RMSProp's
var optimizer = torch.optim.Adam([w], 0.01, beta1: 0.9, beta2: 0.99);
// 3 梯度清零, 计算梯度 / zero the gradient, compute it
optimizer.zero_grad();
loss.sum().backward();
// 4 更新权重参数 / update the weight
optimizer.step();
print("w.grad->", w.grad, w);
// 第二次计算 / the second step
loss = (w.pow(2) / 2.0).sum();
optimizer.zero_grad();
loss.backward();
optimizer.step();
print("w.grad->", w.grad, w);
// 第三次计算 / the third step
loss = (w.pow(2) / 2.0).sum();
optimizer.zero_grad();
loss.backward();
optimizer.step();
print("w.grad->", w.grad, w);
