package dev.digitstream.model.image;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** Pictures of digits drawn in memory, for this module's tests and, through its test-jar, the tools'. */
public final class DrawnDigits {

    private DrawnDigits() {}

    /** A '7' drawn with a thick pen: a bar along the top and a diagonal down to the bottom left. */
    public static BufferedImage seven(
            final int width, final int height, final Color paper, final Color ink, final int type) {
        final BufferedImage image = new BufferedImage(width, height, type);
        final Graphics2D g = image.createGraphics();
        g.setComposite(AlphaComposite.Src);
        g.setColor(paper);
        g.fillRect(0, 0, width, height);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(ink);
        g.setStroke(new BasicStroke(Math.max(2f, width / 12f), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        final int left = width * 2 / 10;
        final int right = width * 8 / 10;
        final int top = height * 2 / 10;
        final int bottom = height * 8 / 10;
        g.drawLine(left, top, right, top);
        g.drawLine(right, top, left + (right - left) / 3, bottom);
        g.dispose();
        return image;
    }
}
