squares = [i * i for i in range(100000) if i % 3 != 0]
print(len(squares), squares[-1])
