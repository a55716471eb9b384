# 2.2.2 二分类任务损失函数 / Binary classification loss
import torch
import torch.nn as nn


def dm01():
    # 1 样本的真实值: 0 或 1 / the true labels: 0 or 1
    y_true = torch.tensor(data=[0, 1, 0], dtype=torch.float32)
    print('y_true->', y_true.dtype)
    # 2 样本的预测值: sigmoid 的激活值, 即属于类别 1 的概率 / predictions: sigmoid outputs, P(class 1)
    y_pred = torch.tensor(data=[0.6901, 0.5459, 0.2469], requires_grad=True, dtype=torch.float32)
    # 3 二分类交叉熵损失对象, reduction 默认 mean / the binary cross-entropy loss, mean by default
    criterion = nn.BCELoss()
    # 4 计算损失值 (预测值, 真实值) / compute the loss (prediction, target)
    loss = criterion(y_pred, y_true)
    print('loss->', loss)
    print('loss->', loss.requires_grad)


if __name__ == '__main__':
    dm01()
