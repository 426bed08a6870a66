from django.contrib import admin

from atazan.constitution.models import Expression, Version, Work

admin.site.register(Work)
admin.site.register(Version)
admin.site.register(Expression)
