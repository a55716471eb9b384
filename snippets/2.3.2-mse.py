# 2.3.2 MSE损失函数 / MSE loss
# MSE: 处处可导, 越接近最小值导数越小; 异常样本会放大误差, 可能梯度爆炸
# MSE: differentiable everywhere, the gradient shrinks near the minimum; outliers are amplified
import torch
import torch.nn as nn


def dm01():
    # 1 样本的真实值 / the true values
    y_true = torch.tensor(data=[1.2, 1.5, 2.0], dtype=torch.float32)
    print('y_true->', y_true.dtype)
    # 2 样本的预测值 (模型输出) / the predictions (the model's output)
    y_pred = torch.tensor(data=[1.3, 1.7, 2.0], requires_grad=True, dtype=torch.float32)
    # 3 MSE 损失对象, reduction 默认 mean / the MSE loss, mean by default
    criterion = nn.MSELoss()
    # 4 计算损失值 (预测值, 真实值) / compute the loss (prediction, target)
    loss = criterion(y_pred, y_true)
    print('loss->', loss)
    print('loss->', loss.requires_grad)


if __name__ == '__main__':
    dm01()
