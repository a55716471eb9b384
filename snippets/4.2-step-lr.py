# 4.2 等间隔学习率衰减 / Step learning-rate decay
# 等间隔: 每隔固定轮数, lr = lr * gamma
# step decay: every step_size epochs, lr = lr * gamma
import torch
from torch import optim


def dm01():
    # 1 初始化参数: 学习率, 训练轮数, 每轮迭代次数 / settings: learning rate, epochs, iterations per epoch
    lr = 0.1
    epoch = 200
    iteration = 10
    # 2 数据集: 真实值 y_true, 特征 x, 权重 w / the data: target y_true, feature x, weight w
    y_true = torch.tensor([0])
    x = torch.tensor([1.0], dtype=torch.float32)
    w = torch.tensor([1.0], requires_grad=True, dtype=torch.float32)
    # 3 优化器: 动量法 / the optimizer: SGD with momentum
    optimizer = optim.SGD(params=[w], lr=lr, momentum=0.9)
    # 4 等间隔学习率衰减: step_size 轮后衰减一次, gamma 是衰减系数 (默认 0.1)
    # step decay: decay every step_size epochs by gamma (default 0.1)
    scheduler = optim.lr_scheduler.StepLR(optimizer=optimizer, step_size=50, gamma=0.5)
    # 5 两个列表: 训练轮次和每轮的学习率 (画图用) / two lists: the epochs and each epoch's rate (for a plot)
    lr_list, epoch_list = [], []
    # 6 遍历每轮训练 / for each epoch
    for i in range(epoch):
        # 7 记录本轮的学习率; get_last_lr() 返回一个列表 (每组参数一个)
        # record this epoch's rate; get_last_lr() returns a list (one per parameter group)
        lr_list.append(scheduler.get_last_lr())
        epoch_list.append(i)
        # 8 每轮的批次: 预测 wx, 损失 (wx - y_true)², 梯度清零, 计算梯度, 更新参数
        # the batches: predict wx, loss (wx - y_true)², zero the gradient, compute it, update
        for batch in range(iteration):
            y_pred = w * x
            loss = (y_pred - y_true) ** 2
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        # 9 更新下一轮的学习率 (在 optimizer.step() 之后) / set the next epoch's rate (after optimizer.step())
        scheduler.step()
    print('lr_list->', lr_list)
    # 课程在这里用 matplotlib 画 epoch_list 和 lr_list (plt.show() 需要图形界面); 这里只打印.
    # 曲线由本项目的 lr-step 课程画出. / The course plots the two lists with matplotlib here; this
    # snippet only prints (it runs without a display); the project's lesson lr-step draws the curve.


if __name__ == '__main__':
    dm01()
