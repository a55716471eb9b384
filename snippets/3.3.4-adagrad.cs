#!/usr/bin/env dotnet
// 3.3.4 AdaGrad
// AdaGrad 调整学习率: 除以历史梯度平方和的平方根, 训练越久学习率越小
// AdaGrad divides the learning rate by the root of the summed squared gradients: it only shrinks
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
// 2 优化器: Adagrad / the optimizer: Adagrad
var optimizer = torch.optim.Adagrad([w], 0.01);
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
