# 3.3.3 动量算法(Momentum) / Momentum
# 课程: 动量法用梯度的指数加权移动平均 S_t = (1−β)·g_t + β·S_(t−1); PyTorch 的缓冲是 v = μ·v + g (没有 1−β),
# 等效学习率约为 lr/(1−μ) / the course's S_t has a (1−β) factor; PyTorch's buffer v = μ·v + g has none
import torch
from torch import optim


def dm01():
    # 1 初始化权重参数 / the weight
    w = torch.tensor([1.0], requires_grad=True, dtype=torch.float32)
    # 自定义损失函数 w²/2 (梯度就是 w); 实际中用任务的损失函数 (交叉熵, MSE …)
    # a made-up loss w²/2 (its gradient is w); in practice, the task's loss (cross entropy, MSE, ...)
    loss = ((w ** 2) / 2.0).sum()
    # 2 优化器: SGD + 动量; momentum 一般取 0.9 或 0.99 / the optimizer: SGD with momentum, usually 0.9 or 0.99
    optimizer = optim.SGD([w], lr=0.01, momentum=0.9)
    # 3 梯度清零, 计算梯度 / zero the gradient, compute it
    optimizer.zero_grad()
    loss.sum().backward()
    # 4 更新权重参数 / update the weight
    optimizer.step()
    print('w.grad->', w.grad)
    # 第二次计算 / the second step
    loss = ((w ** 2) / 2.0).sum()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    print('w.grad->', w.grad)


if __name__ == '__main__':
    dm01()
