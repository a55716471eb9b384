# 2.3.1 MAE回归损失函数 / MAE regression loss
# MAE: 导数为 -1 或 1, 0 点不可导 (取 0); 也叫 L1 损失
# MAE: the derivative is -1 or 1, undefined at 0 (0 is used); also called L1 loss
import torch
import torch.nn as nn


def dm01():
    # 1 样本的真实值 / the true values
    y_true = torch.tensor(data=[1.2, 1.5, 2.0], dtype=torch.float32)
    print('y_true->', y_true.dtype)
    # 2 样本的预测值 (模型输出) / the predictions (the model's output)
    y_pred = torch.tensor(data=[1.3, 1.7, 2.0], requires_grad=True, dtype=torch.float32)
    # 3 MAE (L1) 损失对象, reduction 默认 mean / the MAE (L1) loss, mean by default
    criterion = nn.L1Loss()
    # 4 计算损失值 (预测值, 真实值) / compute the loss (prediction, target)
    loss = criterion(y_pred, y_true)
    print('loss->', loss)
    print('loss->', loss.requires_grad)


if __name__ == '__main__':
    dm01()
