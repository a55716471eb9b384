#!/usr/bin/env dotnet
// 3.3.5 RMSProp
// RMSProp 改进 AdaGrad: 用梯度平方的指数加权移动平均代替累加, 学习率不会一直变小
// RMSProp improves AdaGrad: an exponentially weighted moving average of squared gradients replaces the sum
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
// 2 优化器: RMSprop; alpha 越大, 历史梯度的权重越大 (默认 0.99) / the optimizer: RMSprop; a larger alpha weighs the history more (default 0.99)
var optimizer = torch.optim.RMSProp([w], 0.01, alpha: 0.9);
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
