# 2.3.3 Smooth L1损失函数 / Smooth L1 loss
# Smooth L1: |误差| < 1 时用 MSE, 否则用 MAE; 处处可导, 异常值的梯度最多 ±1
# Smooth L1: MSE where |error| < 1, MAE elsewhere; differentiable, an outlier's gradient is at most ±1
import torch
import torch.nn as nn


def dm01():
    # 1 样本的真实值 / the true values
    y_true = torch.tensor(data=[1.2, 1.5, 2.0], dtype=torch.float32)
    print('y_true->', y_true.dtype)
    # 2 样本的预测值 (模型输出) / the predictions (the model's output)
    y_pred = torch.tensor(data=[1.3, 1.7, 2.0], requires_grad=True, dtype=torch.float32)
    # 3 Smooth L1 损失对象, reduction 默认 mean / the Smooth L1 loss, mean by default
    criterion = nn.SmoothL1Loss()
    # 4 计算损失值 (预测值, 真实值) / compute the loss (prediction, target)
    loss = criterion(y_pred, y_true)
    print('loss->', loss)
    print('loss->', loss.requires_grad)


if __name__ == '__main__':
    dm01()
