"""PyTorch twins of the learning-rate lessons (course: 学习率衰减优化方法)."""
import torch
from torch import optim

from common import f32


def course_script(make_scheduler):
    """The course's script: SGD(momentum=0.9) on (w·x − y_true)², get_last_lr() each epoch."""
    def twin(lr=0.1, epochs=200, iterations=10, **knobs):
        epoch, iteration = epochs, iterations
        y_true = torch.tensor([0])
        x = torch.tensor([1.0], dtype=torch.float32)
        w = torch.tensor([1.0], requires_grad=True, dtype=torch.float32)
        optimizer = optim.SGD(params=[w], lr=lr, momentum=0.9)
        scheduer = make_scheduler(optimizer, **knobs)
        lr_list, epoch_list = [], []
        for i in range(epoch):
            lr_list.append(scheduer.get_last_lr())
            epoch_list.append(i)
            for batch in range(iteration):
                y_pred = w * x
                loss = (y_pred - y_true) ** 2
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
            scheduer.step()
        print('lr_list->', lr_list)
        return {"lrs": [l[0] for l in lr_list], "final_w": f32(w.item())}
    return twin


def step_lr(optimizer, step_size=50, gamma=0.5):
    return optim.lr_scheduler.StepLR(optimizer=optimizer, step_size=step_size, gamma=gamma)


def multistep_lr(optimizer, milestones=(50, 100, 160), gamma=0.5):
    return optim.lr_scheduler.MultiStepLR(optimizer=optimizer, milestones=list(milestones), gamma=gamma, last_epoch=-1)


def exponential_lr(optimizer, gamma=0.9):
    return optim.lr_scheduler.ExponentialLR(optimizer=optimizer, gamma=gamma)


def cases(knob_sets):
    return [(0, knobs, {}) for knobs in knob_sets]


LESSONS = [
    ("lr-step", course_script(step_lr), cases(
        [{}, {"gamma": 0.7, "step-size": 30}, {"lr": 0.01, "step-size": 1, "gamma": 0.9}, {"epochs": 20, "iterations": 1, "step-size": 5},
         {"lr": 0.05, "gamma": 0.1, "epochs": 120, "iterations": 3}])),
    ("lr-multistep", course_script(multistep_lr), cases(
        [{}, {"milestones": [10, 20, 30], "gamma": 0.1}, {"milestones": [5], "epochs": 12, "iterations": 2}, {"lr": 0.02, "milestones": [1, 2, 3, 150]}])),
    ("lr-exponential", course_script(exponential_lr), cases(
        [{}, {"gamma": 0.95}, {"gamma": 0.5, "epochs": 30}, {"lr": 0.5, "gamma": 0.99, "iterations": 2}])),
]
