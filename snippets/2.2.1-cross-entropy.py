# 2.2.1 多分类任务损失函数 / Multi-class classification loss
import torch
import torch.nn as nn


def dm01():
    # 1 样本的真实值: 类别下标 / the true labels: class indices
    # (独热编码写法 / one-hot form: torch.tensor(data=[[0, 1, 0], [1, 0, 0]], dtype=torch.float32))
    # (注意: 下标 [1, 2] 的独热编码是 [[0, 1, 0], [0, 0, 1]] / note: the one-hot form of [1, 2] is [[0, 1, 0], [0, 0, 1]])
    y_true = torch.tensor(data=[1, 2])
    print('y_true->', y_true.dtype)
    # 2 样本的预测值 (模型输出) / the predictions (the model's output)
    # CrossEntropyLoss 内部先做 softmax, 应传 logits; 课程传的是概率 (见 logits 讲解) / it applies softmax itself: pass logits, not probabilities
    y_pred = torch.tensor(data=[[0.1, 0.8, 0.1], [0.7, 0.2, 0.1]], requires_grad=True, dtype=torch.float32)
    # 3 多分类交叉熵损失对象; reduction: 损失值的计算方式, 默认 mean, 这里 sum
    # the cross-entropy loss; reduction: how losses combine, mean by default, sum here
    criterion = nn.CrossEntropyLoss(reduction='sum')
    # 4 计算损失值: 参数顺序是 (预测值, 真实值) / compute the loss: (prediction, target)
    loss = criterion(y_pred, y_true)
    print('loss->', loss)


if __name__ == '__main__':
    dm01()
