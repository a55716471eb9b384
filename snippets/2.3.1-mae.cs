#!/usr/bin/env dotnet
// 2.3.1 MAE回归损失函数 / MAE regression loss
// MAE: 导数为 -1 或 1, 0 点不可导 (取 0); 也叫 L1 损失
// MAE: the derivative is -1 or 1, undefined at 0 (0 is used); also called L1 loss
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
// 3 MAE (L1) 损失对象, reduction 默认 mean / the MAE (L1) loss, mean by default
var criterion = nn.L1Loss();
// 4 计算损失值 (预测值, 真实值) / compute the loss (prediction, target)
var loss = criterion.call(y_pred, y_true);
// TorchSharp 不提供 grad_fn 的名字, 打印时写上 PyTorch 显示的名字 / TorchSharp does not name grad_fn
print("loss->", new GradFnTensor(loss, "MeanBackward0"));
print("loss->", loss.requires_grad);
