#!/usr/bin/env dotnet
// 1.1 构建神经网络模型 / Building a neural network model
#:package TorchSharp-cpu
#:include ../Chapter4/Printing/Py.cs
#:include ../Chapter4/Printing/PyFormat.cs
#:include ../Chapter4/Printing/TensorValues.cs
#:include ../Chapter4/Printing/TorchRepr.cs
#:include ../Chapter4/Printing/TorchRepr.Layout.cs
using Chapter4.Printing;
using TorchSharp;
using TorchSharp.Modules;
using static Chapter4.Printing.Py;
using static TorchSharp.torch;

// 固定随机种子, 两边的数字才一样; 种子 0 会得到死掉的 ReLU 单元, 所以用 1
// Fix the seed so both sides print the same numbers; seed 0 gives dead ReLU units, so 1
torch.manual_seed(1);

// 创建模型对象 (课程到此为止) / build the model (the course stops here)
var my_model = new ModelDemo();
// 课程不打印; 这里多跑一批随机样本, 看得到初始化的结果 (与 model 课程相同)
// The course prints nothing; one random batch shows what the init gives (as lesson `model` does)
print("my_model->", my_model);
var data = torch.randn(5, 3);
print("data->", data);
var output = my_model.call(data);
// TorchSharp 不提供 grad_fn 的名字, 打印时写上 PyTorch 显示的名字
// TorchSharp does not name grad_fn: give the name PyTorch shows
print("output->", new GradFnTensor(output, "SoftmaxBackward0"));

// 1 创建类, 继承 nn.Module / a class deriving from nn.Module
class ModelDemo : nn.Module<Tensor, Tensor>
{
    // 字段名就是参数名 (linear1.weight …) / the field names become the parameter names
    public readonly Linear linear1, linear2, output;

    // 2 在构造方法中搭建网络 / build the network in the constructor
    // 2-1 调用父类的构造方法 / call the base class's constructor
    public ModelDemo() : base(nameof(ModelDemo))
    {
        // 2-2 隐藏层和输出层 (输入特征数, 输出特征数) / hidden and output layers (in, out features)
        linear1 = nn.Linear(3, 3);
        linear2 = nn.Linear(3, 2);
        output = nn.Linear(2, 2);
        // 2-3 初始化隐藏层的参数 / initialise the hidden layers' parameters
        // xavier_normal_: TorchSharp 0.107 的这个函数实际按均匀分布采样, 数字会和 PyTorch 不同;
        // 所以照 PyTorch 的公式写: std = gain·sqrt(2/(fan_in+fan_out)), gain = 1, 再从 N(0, std²) 采样
        // TorchSharp 0.107's xavier_normal_ samples a UNIFORM distribution; PyTorch's formula, written out:
        var (fanIn, fanOut) = nn.init.CalculateFanInAndFanOut(linear1.weight);
        nn.init.normal_(linear1.weight, 0, Math.Sqrt(2.0 / (fanIn + fanOut)));
        nn.init.zeros_(linear1.bias);
        nn.init.kaiming_normal_(linear2.weight, nonlinearity: nn.init.NonlinearityType.ReLU);
        nn.init.zeros_(linear2.bias);
        RegisterComponents();
    }

    // 3 前向传播 forward, 得到预测值 / the forward pass gives the prediction
    public override Tensor forward(Tensor x)
    {
        // 3-1 第一层: 加权求和, sigmoid 激活 / layer 1: weighted sum, sigmoid
        x = torch.sigmoid(linear1.call(x));
        // 3-2 第二层: relu 激活 / layer 2: relu
        x = nn.functional.relu(linear2.call(x));
        // 3-3 输出层: 多分类用 softmax, 按行 (dim=-1) / output: softmax over each row
        x = torch.softmax(output.call(x), dim: -1);
        return x;
    }
}
