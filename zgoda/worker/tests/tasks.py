from django_tasks import task


@task()
def add(a, b):
    return a + b


@task()
def fail():
    raise ValueError("no")
