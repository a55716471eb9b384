# 1.1 构建神经网络模型 / Building a neural network model
import torch
import torch.nn as nn  # 线性层和初始化方法 / linear layers and init methods

# 固定随机种子, 两边的数字才一样; 种子 0 会得到死掉的 ReLU 单元, 所以用 1
# Fix the seed so both sides print the same numbers; seed 0 gives dead ReLU units, so 1
torch.manual_seed(1)


# 1 创建类, 继承 nn.Module / a class deriving from nn.Module
class ModelDemo(nn.Module):
    # 2 在 __init__ 中搭建网络 / build the network in __init__
    def __init__(self):
        # 2-1 调用父类的 __init__ / call the base class's __init__
        super().__init__()
        # 2-2 隐藏层和输出层 (输入特征数, 输出特征数) / hidden and output layers (in, out features)
        self.linear1 = nn.Linear(in_features=3, out_features=3)
        self.linear2 = nn.Linear(in_features=3, out_features=2)
        self.output = nn.Linear(in_features=2, out_features=2)
        # 2-3 初始化隐藏层的参数 / initialise the hidden layers' parameters
        nn.init.xavier_normal_(tensor=self.linear1.weight)
        nn.init.zeros_(tensor=self.linear1.bias)
        nn.init.kaiming_normal_(tensor=self.linear2.weight, nonlinearity='relu')
        nn.init.zeros_(tensor=self.linear2.bias)

    # 3 前向传播 forward, 得到预测值 / the forward pass gives the prediction
    def forward(self, x):
        # 3-1 第一层: 加权求和, sigmoid 激活 / layer 1: weighted sum, sigmoid
        x = torch.sigmoid(input=self.linear1(x))
        # 3-2 第二层: relu 激活 / layer 2: relu
        x = torch.relu(input=self.linear2(x))
        # 3-3 输出层: 多分类用 softmax, 按行 (dim=-1) / output: softmax over each row
        x = torch.softmax(input=self.output(x), dim=-1)
        return x


if __name__ == '__main__':
    # 创建模型对象 (课程到此为止) / build the model (the course stops here)
    my_model = ModelDemo()
    # 课程不打印; 这里多跑一批随机样本, 看得到初始化的结果 (与 model 课程相同)
    # The course prints nothing; one random batch shows what the init gives (as lesson `model` does)
    print('my_model->', my_model)
    data = torch.randn(size=(5, 3))
    print('data->', data)
    output = my_model(data)
    print('output->', output)
