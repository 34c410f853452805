total = 0
x = 0.5
for i in range(1000000):
    total += i % 7
    x = x * 0.999 + 0.001
print(total, round(x, 6))
