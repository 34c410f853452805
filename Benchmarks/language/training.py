# The same hand-written training loop in PyTorch (CPU, one thread).
import torch
torch.set_num_threads(1)
torch.manual_seed(0)
x = torch.randn(64, 10)
y = torch.randn(64, 1)
w1 = (torch.randn(10, 32) * 0.1).requires_grad_()
w2 = (torch.randn(32, 1) * 0.1).requires_grad_()
lr = 0.01
for step in range(1000):
    h = torch.relu(x @ w1)
    pred = h @ w2
    loss = ((pred - y) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        w1 -= lr * w1.grad
        w2 -= lr * w2.grad
    w1.grad = None
    w2.grad = None
print(f"final loss {loss.item():.4f}")
