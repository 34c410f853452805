#include "CCairo.h"

#include <CLibraryLoader.h>

/// Every Cairo function Descent calls. A kernel that has not yet drawn a figure has not mapped
/// libcairo, pixman, FreeType, fontconfig, libpng and the X libraries Cairo links.
#define CAIRO_FUNCTIONS(FUNCTION, PROCEDURE) \
    PROCEDURE(cairo_arc, \
              (cairo_t *cr, double xc, double yc, double radius, double angle1, double angle2), \
              (cr, xc, yc, radius, angle1, angle2)) \
    PROCEDURE(cairo_clip, (cairo_t *cr), (cr)) \
    PROCEDURE(cairo_close_path, (cairo_t *cr), (cr)) \
    FUNCTION(cairo_t *, cairo_create, (cairo_surface_t *target), (target)) \
    PROCEDURE(cairo_curve_to, \
              (cairo_t *cr, double x1, double y1, double x2, double y2, double x3, double y3), \
              (cr, x1, y1, x2, y2, x3, y3)) \
    PROCEDURE(cairo_destroy, (cairo_t *cr), (cr)) \
    PROCEDURE(cairo_fill, (cairo_t *cr), (cr)) \
    PROCEDURE(cairo_fill_preserve, (cairo_t *cr), (cr)) \
    PROCEDURE(cairo_font_extents, (cairo_t *cr, cairo_font_extents_t *extents), (cr, extents)) \
    FUNCTION(cairo_font_options_t *, cairo_font_options_create, (void), ()) \
    PROCEDURE(cairo_font_options_destroy, (cairo_font_options_t *options), (options)) \
    PROCEDURE(cairo_font_options_set_antialias, \
              (cairo_font_options_t *options, cairo_antialias_t antialias), \
              (options, antialias)) \
    PROCEDURE(cairo_font_options_set_hint_metrics, \
              (cairo_font_options_t *options, cairo_hint_metrics_t hint_metrics), \
              (options, hint_metrics)) \
    PROCEDURE(cairo_font_options_set_hint_style, \
              (cairo_font_options_t *options, cairo_hint_style_t hint_style), \
              (options, hint_style)) \
    FUNCTION(int, cairo_format_stride_for_width, \
             (cairo_format_t format, int width), \
             (format, width)) \
    PROCEDURE(cairo_get_matrix, (cairo_t *cr, cairo_matrix_t *matrix), (cr, matrix)) \
    FUNCTION(cairo_pattern_t *, cairo_get_source, (cairo_t *cr), (cr)) \
    FUNCTION(cairo_surface_t *, cairo_image_surface_create, \
             (cairo_format_t format, int width, int height), \
             (format, width, height)) \
    FUNCTION(cairo_surface_t *, cairo_image_surface_create_from_png_stream, \
             (cairo_read_func_t read_func, void *closure), \
             (read_func, closure)) \
    FUNCTION(unsigned char *, cairo_image_surface_get_data, (cairo_surface_t *surface), (surface)) \
    FUNCTION(cairo_format_t, cairo_image_surface_get_format, \
             (cairo_surface_t *surface), \
             (surface)) \
    FUNCTION(int, cairo_image_surface_get_height, (cairo_surface_t *surface), (surface)) \
    FUNCTION(int, cairo_image_surface_get_stride, (cairo_surface_t *surface), (surface)) \
    FUNCTION(int, cairo_image_surface_get_width, (cairo_surface_t *surface), (surface)) \
    PROCEDURE(cairo_line_to, (cairo_t *cr, double x, double y), (cr, x, y)) \
    PROCEDURE(cairo_move_to, (cairo_t *cr, double x, double y), (cr, x, y)) \
    PROCEDURE(cairo_new_path, (cairo_t *cr), (cr)) \
    PROCEDURE(cairo_new_sub_path, (cairo_t *cr), (cr)) \
    PROCEDURE(cairo_paint, (cairo_t *cr), (cr)) \
    PROCEDURE(cairo_pattern_set_extend, \
              (cairo_pattern_t *pattern, cairo_extend_t extend), \
              (pattern, extend)) \
    PROCEDURE(cairo_pattern_set_filter, \
              (cairo_pattern_t *pattern, cairo_filter_t filter), \
              (pattern, filter)) \
    PROCEDURE(cairo_rectangle, \
              (cairo_t *cr, double x, double y, double width, double height), \
              (cr, x, y, width, height)) \
    PROCEDURE(cairo_restore, (cairo_t *cr), (cr)) \
    PROCEDURE(cairo_rotate, (cairo_t *cr, double angle), (cr, angle)) \
    PROCEDURE(cairo_save, (cairo_t *cr), (cr)) \
    PROCEDURE(cairo_scale, (cairo_t *cr, double sx, double sy), (cr, sx, sy)) \
    PROCEDURE(cairo_select_font_face, \
              (cairo_t *cr, const char *family, cairo_font_slant_t slant, cairo_font_weight_t \
              weight), \
              (cr, family, slant, weight)) \
    PROCEDURE(cairo_set_antialias, (cairo_t *cr, cairo_antialias_t antialias), (cr, antialias)) \
    PROCEDURE(cairo_set_dash, \
              (cairo_t *cr, const double *dashes, int num_dashes, double offset), \
              (cr, dashes, num_dashes, offset)) \
    PROCEDURE(cairo_set_font_options, \
              (cairo_t *cr, const cairo_font_options_t *options), \
              (cr, options)) \
    PROCEDURE(cairo_set_font_size, (cairo_t *cr, double size), (cr, size)) \
    PROCEDURE(cairo_set_line_cap, (cairo_t *cr, cairo_line_cap_t line_cap), (cr, line_cap)) \
    PROCEDURE(cairo_set_line_join, (cairo_t *cr, cairo_line_join_t line_join), (cr, line_join)) \
    PROCEDURE(cairo_set_line_width, (cairo_t *cr, double width), (cr, width)) \
    PROCEDURE(cairo_set_source_rgba, \
              (cairo_t *cr, double red, double green, double blue, double alpha), \
              (cr, red, green, blue, alpha)) \
    PROCEDURE(cairo_set_source_surface, \
              (cairo_t *cr, cairo_surface_t *surface, double x, double y), \
              (cr, surface, x, y)) \
    PROCEDURE(cairo_show_text, (cairo_t *cr, const char *utf8), (cr, utf8)) \
    FUNCTION(cairo_status_t, cairo_status, (cairo_t *cr), (cr)) \
    FUNCTION(const char *, cairo_status_to_string, (cairo_status_t status), (status)) \
    PROCEDURE(cairo_stroke, (cairo_t *cr), (cr)) \
    PROCEDURE(cairo_surface_destroy, (cairo_surface_t *surface), (surface)) \
    PROCEDURE(cairo_surface_finish, (cairo_surface_t *surface), (surface)) \
    PROCEDURE(cairo_surface_flush, (cairo_surface_t *surface), (surface)) \
    PROCEDURE(cairo_surface_get_device_scale, \
              (cairo_surface_t *surface, double *x_scale, double *y_scale), \
              (surface, x_scale, y_scale)) \
    FUNCTION(cairo_surface_type_t, cairo_surface_get_type, (cairo_surface_t *surface), (surface)) \
    PROCEDURE(cairo_surface_mark_dirty, (cairo_surface_t *surface), (surface)) \
    PROCEDURE(cairo_surface_set_device_scale, \
              (cairo_surface_t *surface, double x_scale, double y_scale), \
              (surface, x_scale, y_scale)) \
    FUNCTION(cairo_status_t, cairo_surface_status, (cairo_surface_t *surface), (surface)) \
    FUNCTION(cairo_status_t, cairo_surface_write_to_png_stream, \
             (cairo_surface_t *surface, cairo_write_func_t write_func, void *closure), \
             (surface, write_func, closure)) \
    FUNCTION(cairo_surface_t *, cairo_svg_surface_create_for_stream, \
             (cairo_write_func_t write_func, void *closure, double width_in_points, double \
             height_in_points), \
             (write_func, closure, width_in_points, height_in_points)) \
    PROCEDURE(cairo_svg_surface_set_document_unit, \
              (cairo_surface_t *surface, cairo_svg_unit_t unit), \
              (surface, unit)) \
    PROCEDURE(cairo_text_extents, \
              (cairo_t *cr, const char *utf8, cairo_text_extents_t *extents), \
              (cr, utf8, extents)) \
    PROCEDURE(cairo_translate, (cairo_t *cr, double tx, double ty), (cr, tx, ty)) \
    PROCEDURE(cairo_user_to_device, (cairo_t *cr, double *x, double *y), (cr, x, y))

static void load_cairo(const char *const *names, void **table, int count) {
    descent_load_library("libcairo.so.2", "figures", names, table, count);
}

DESCENT_LAZY_LIBRARY(CAIRO_FUNCTIONS, load_cairo)
