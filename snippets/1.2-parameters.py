# 1.2 计算和查看模型参数 / Computing and viewing model parameters
import math

import torch
import torch.nn as nn

# 固定随机种子 (与 1.1 相同) / fix the seed (as in 1.1)
torch.manual_seed(1)


# ModelDemo 与 1.1-model.py 中的代码相同, 注释见那里 / the same code as in 1.1-model.py, comments there
class ModelDemo(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear1 = nn.Linear(in_features=3, out_features=3)
        self.linear2 = nn.Linear(in_features=3, out_features=2)
        self.output = nn.Linear(in_features=2, out_features=2)
        nn.init.xavier_normal_(tensor=self.linear1.weight)
        nn.init.zeros_(tensor=self.linear1.bias)
        nn.init.kaiming_normal_(tensor=self.linear2.weight, nonlinearity='relu')
        nn.init.zeros_(tensor=self.linear2.bias)

    def forward(self, x):
        x = torch.sigmoid(input=self.linear1(x))
        x = torch.relu(input=self.linear2(x))
        x = torch.softmax(input=self.output(x), dim=-1)
        return x


# 课程调用了 torchsummary 的 summary, 却没有 import; torchsummary 是第三方包, 这里没有安装.
# 这个替身按它的算法打印同一张表: 每层挂 forward hook, 在 torch.rand(2, *input_size) 上跑一次, 每个数 4 字节.
# The course calls torchsummary's summary without importing it; that third-party package is not installed
# here. This stand-in prints its table the same way: a hook per layer, one run on rand(2, *input_size), 4 bytes a value.
def summary(model, input_size, batch_size=-1):
    rows = []  # (层名 layer, 输出形状 output shape, 参数个数 parameters)
    def hook(module, inputs, output):
        rows.append((f'{type(module).__name__}-{len(rows) + 1}', [batch_size, *output.shape[1:]],
                     sum(p.numel() for p in module.parameters())))
    hooks = [m.register_forward_hook(hook) for m in model.children()]
    with torch.no_grad():
        model(torch.rand(2, *input_size))
    for h in hooks:
        h.remove()
    total = sum(n for _, _, n in rows)
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    input_mb = abs(math.prod(input_size) * batch_size * 4 / 1024 ** 2)
    output_mb = abs(2 * sum(math.prod(shape) for _, shape, _ in rows) * 4 / 1024 ** 2)
    params_mb = total * 4 / 1024 ** 2
    print('-' * 64)
    print(f"{'Layer (type)':>20}  {'Output Shape':>25} {'Param #':>15}")
    print('=' * 64)
    for name, shape, n in rows:
        print(f'{name:>20}  {str(shape):>25} {n:>15,}')
    print('=' * 64)
    print(f'Total params: {total:,}')
    print(f'Trainable params: {trainable:,}')
    print(f'Non-trainable params: {total - trainable:,}')
    print('-' * 64)
    print(f'Input size (MB): {input_mb:.2f}')
    print(f'Forward/backward pass size (MB): {output_mb:.2f}')
    print(f'Params size (MB): {params_mb:.2f}')
    print(f'Estimated Total Size (MB): {params_mb + output_mb + input_mb:.2f}')
    print('-' * 64)


# 模型预测函数 / run the model and look at its parameters
def train():
    # 1 创建神经网络模型对象 / build the model
    my_model = ModelDemo()
    print('my_model->', my_model)
    # 2 随机生成数据集: 5 个样本, 每个 3 个特征 / a random batch: 5 samples, 3 features
    data = torch.randn(size=(5, 3))
    print('data->', data)
    print('data.shape->', data.shape)
    # 3 调用模型对象 (前向传播) / call the model (forward pass)
    output = my_model(data)
    print('output->', output)
    print('output.shape->', output.shape)
    # 4 计算和查看模型参数 / count and view the parameters
    print(('====================计算和查看模型参数==================='))
    # input_size: 样本的形状 / the shape of one input; batch_size 默认 -1 / defaults to -1
    summary(model=my_model, input_size=(5, 3))
    for name, param in my_model.named_parameters():
        print('name->', name)
        print('param->', param)


if __name__ == '__main__':
    train()
